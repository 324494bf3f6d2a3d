import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { t } from '../../i18n';

function ComingSoon({ title, intro }: { title: string; intro: string }) {
  return (
    <>
      <PageHeader title={title} intro={intro} />
      <Notice>{t.comingSoon.later}</Notice>
    </>
  );
}

export const AddressBooksPage = () => <ComingSoon title={t.nav.addressBooks} intro={t.comingSoon.addressBooks} />;
