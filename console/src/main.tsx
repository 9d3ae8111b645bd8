/** The console's entry: esbuild bundles from here (src/api/console.ts). */
import { render } from 'preact';
import { App } from './app.tsx';

render(<App />, document.getElementById('app')!);
