// Trawl's service worker: once the app has been opened, it opens and works without a network.
//
// - The app shell (the page, its script and wasm, the indexing worker's, the style, the icon, the base
//   map) is precached when the worker installs, in a cache named after the build, and served from it
//   first: every file of one build, never a mix of two.
// - Anything else the page fetches from the site (a collection's manifest and shards, see
//   crates/explorer/src/collection.rs) comes from the network when it can, and is kept as it arrives,
//   so the collection opens offline too; a site can still swap its collection without rebuilding.
// - A new build installs beside the running one and takes over once every tab of the old one is closed;
//   it then deletes the old build's cache.
//
// `cargo xtask build` writes the two lines below from the files it built (crates/xtask/src/offline.rs):
// file names carry hashes, so a list written by hand would be stale after the next build.
const VERSION = 'unbuilt';
const SHELL = [];

const PREFIX = 'trawl-';
const CACHE = `${PREFIX}${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Revalidated, not taken blindly from the HTTP cache: an old copy would mix two builds.
    await cache.addAll(SHELL.map((url) => new Request(url, { cache: 'no-cache' })));
    await keepCollection(cache);
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    // The page that installed this worker is served by it from now on (its later fetches, a reload).
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(self.registration.scope)) return;
  event.respondWith(respond(request, event));
});

// Every file of the shell, as absolute addresses.
const SHELL_URLS = new Set(SHELL.map((file) => new URL(file, self.registration.scope).href));

async function respond(request, event) {
  const cache = await caches.open(CACHE);
  const url = new URL(request.url);
  const scope = new URL(self.registration.scope);
  // The app itself, whatever its query (the view is in the fragment, which is never sent).
  const page = request.mode === 'navigate' && [scope.pathname, `${scope.pathname}index.html`].includes(url.pathname);
  if (page || SHELL_URLS.has(`${url.origin}${url.pathname}`)) {
    const shell = await cache.match(page ? scope.href : request, { ignoreSearch: true });
    if (shell) return shell;
  }
  try {
    const response = await fetch(request);
    // Kept while the page reads it: a shard streams to the page as it downloads, not once it is stored.
    if (response.status === 200) event.waitUntil(cache.put(request, response.clone()));
    return response;
  } catch (offline) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw offline;
  }
}

// The collection the page names in `<meta name="trawl-collection">`, if any: its manifest and shards,
// kept for offline use. The page may have fetched them before this worker served it, so they are
// fetched here once more. Best effort: what fails is kept when the page next fetches it.
async function keepCollection(cache) {
  const page = await cache.match(self.registration.scope);
  const meta = page && (await page.text()).match(/<meta name="trawl-collection" content="([^"]+)"/);
  if (!meta) return;
  try {
    const manifestUrl = new URL(meta[1], self.registration.scope);
    const response = await fetch(manifestUrl, { cache: 'no-cache' });
    if (response.status !== 200) return;
    const manifest = await response.clone().json();
    await cache.put(manifestUrl, response);
    // One at a time, in the page's order: the page is loading the same shards, and the browser's HTTP
    // cache serves those it already has (where the site allows caching, as GitHub Pages does).
    for (const shard of manifest.shards ?? []) {
      await cache.add(new URL(shard.file, manifestUrl)).catch(() => {});
    }
  } catch {
    // Not a manifest, or no network: nothing to keep now.
  }
}
