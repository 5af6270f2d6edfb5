// Registers the service worker that keeps Trawl usable offline (sw.js). A file of its own, not an
// inline script: the page's Content-Security-Policy allows no inline script but its own two.
if ('serviceWorker' in navigator) {
  addEventListener('load', () => {
    navigator.serviceWorker.register('sw.js').catch((e) => console.warn(`Trawl will need a network next time: ${e}`));
  });
}
