import { PageHeader } from '../../components/PageHeader';
import { t } from '../../i18n';
import { Link } from '../../router';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title={t.notFound.title} intro={t.notFound.body} />
      <Link to="/">{t.notFound.back}</Link>
    </>
  );
}

/** An address this person may not open: the page says so and sends nothing to the API. */
export function NotAllowedPage() {
  return (
    <>
      <PageHeader title={t.notAllowed.title} intro={t.notAllowed.body} />
      <Link to="/account">{t.notAllowed.back}</Link>
    </>
  );
}
