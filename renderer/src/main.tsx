import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// First, before the rest of the window's code is read: the bridge's connection opens meanwhile.
import './bridge/api';
import { App } from './components/App';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
