import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { PolicyProvider } from '@/lib/ui/policy';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PolicyProvider>
      <App />
    </PolicyProvider>
  </StrictMode>,
);
