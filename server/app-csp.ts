// The app's Content-Security-Policy, written into index.html as a <meta> tag at build time (a static host serves
// it as is). It keeps the page to its own code: scripts only from its own files (no inline script, nothing
// injected by text the guest prints), frames only from the preview origin, no plugins, no <base> rewrites.
import { PREVIEW_DOMAIN } from '../src/protocol/preview-relay.js';

const directives: Record<string, string[]> = {
  'default-src': ["'self'"],
  // v86 compiles guest code to WebAssembly at run time (its JIT); nothing needs eval.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  // React sets style attributes and Monaco adds <style> elements for its themes.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  // Previews: every guest port is its own origin below the preview domain, on whatever port Wharf is served.
  'frame-src': [`http://*.${PREVIEW_DOMAIN}:*`, `https://*.${PREVIEW_DOMAIN}:*`],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
};

export function appContentSecurityPolicy(): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
