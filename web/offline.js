// Registers the service worker that keeps Trawl usable offline (sw.js). A file of its own, not an
// inline script: the page's Content-Security-Policy allows no inline script but its own two.
//
// Until that worker serves the page (on a first visit, and after a reload that bypasses it), the page's
// fetches never reach it: the collection files the page fetches then (crates/explorer/src/collection.rs)
// are kept here as they arrive, in the cache sw.js keeps the collection in, so that neither fetches
// them a second time.
if ('serviceWorker' in navigator) {
  const registered = new Promise((done) => {
    addEventListener('load', () => {
      navigator.serviceWorker.register('sw.js').then((registration) => done(Boolean(registration)), (e) => {
        console.warn(`Trawl will need a network next time: ${e}`);
        done(false);
      });
    });
  });
  const collection = document.querySelector('meta[name="trawl-collection"]')?.content;
  if (collection && 'caches' in self) keepUnserved(new URL('.', new URL(collection, location.href)).href, registered);
}

/** Wraps `fetch` so that a GET under `folder` the worker does not see is kept once it is registered. */
function keepUnserved(folder, registered) {
  const fetchOnce = self.fetch.bind(self);
  self.fetch = (input, init) => {
    const url = navigator.serviceWorker.controller || (init?.method ?? 'GET') !== 'GET' ? null : address(input);
    const fetched = fetchOnce(input, init);
    if (!url?.startsWith(folder)) return fetched;
    return fetched.then((response) => {
      if (response.status === 200) keep(url, response.clone(), registered);
      return response;
    });
  };
}

/** The absolute address a string passed to `fetch` names, or null (a `Request`, or no address). */
function address(input) {
  try {
    return typeof input === 'string' ? new URL(input, location.href).href : null;
  } catch {
    return null;
  }
}

/** Puts `copy` in sw.js's `KEPT` cache, or lets it go if no worker will ever read it. Best effort. */
async function keep(url, copy, registered) {
  try {
    if (!(await registered)) return await copy.body?.cancel();
    await (await caches.open('trawl-collection')).put(url, copy);
  } catch {
    // Storage refused or full: the worker keeps the file when the page next fetches it.
  }
}
