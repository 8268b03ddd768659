import '@mantine/core/styles.css';
import './console.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { apiBaseUrl } from './platform/api-origin.ts';
import { platformTokenStore } from './platform/token-store.ts';

const apiOrigin = await apiBaseUrl();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App apiOrigin={apiOrigin} store={platformTokenStore()} />
  </StrictMode>,
);
