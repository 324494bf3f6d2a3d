import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { Toaster } from './components/Toaster';
import { SessionProvider } from './session/session';
import { applyTheme, storedTheme, watchSystemTheme } from './theme';
import './styles.css';

applyTheme(storedTheme());
watchSystemTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <SessionProvider>
      <Toaster>
        <App />
      </Toaster>
    </SessionProvider>
  </StrictMode>,
);
