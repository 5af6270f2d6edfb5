// Trawl's service worker: once the app has been opened, it opens and works without a network.
//
// - The app shell (the page, its script and wasm, the Web Worker the site starts: the indexing worker's,
//   or a partitioned collection's search worker's; the style, the icon, the base map) is precached when
//   the worker installs, in a cache named after the build, and served from it first: every file of one
//   build, never a mix of two.
// - Anything else the page fetches from the site (a collection's manifest and shards, see
//   crates/explorer/src/collection.rs) comes from the network when it can, and is kept as it arrives
//   in a cache of its own, which outlives builds, so the collection opens offline too; a site can
//   still swap its collection without rebuilding. What the page fetched before this worker served it
//   (on a first visit) offline.js kept there as it arrived: nothing crosses the network twice.
// - A partitioned collection's files (under a folder named after their content, `collection/<id>/…`,
//   crates/corpus/src/partition.rs) are not handled here: the search worker keeps them in the same
//   cache and reads them from there first (crates/explorer/src/searcher.rs), and deletes those of a
//   collection the site replaced. A service worker runs in the tab's process, and what a thousand
//   files a query leave behind in it stayed there; the search worker is replaced once it has grown.
// - A new build installs beside the running one and takes over once every tab of the old one is closed;
//   it then deletes the old build's cache, keeping the collection files it held.
//
// `cargo xtask build` writes the two lines below from the files it built (crates/xtask/src/offline.rs):
// file names carry hashes, so a list written by hand would be stale after the next build.
const VERSION = 'unbuilt';
const SHELL = [];

const PREFIX = 'trawl-';
const CACHE = `${PREFIX}${VERSION}`;
// The collection's files, whatever the build; offline.js names it too.
const KEPT = `${PREFIX}collection`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Revalidated, not taken blindly from the HTTP cache: an old copy would mix two builds.
    await cache.addAll(SHELL.map((url) => new Request(url, { cache: 'no-cache' })));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (!name.startsWith(PREFIX) || name === CACHE || name === KEPT) continue;
      // An earlier build kept its collection files beside its shell.
      await keepCollectionOf(await caches.open(name));
      await caches.delete(name);
    }
    // The page that installed this worker is served by it from now on (its later fetches, a reload).
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(self.registration.scope)) return;
  // A partitioned collection's file: the search worker keeps it (see the top).
  if (ID_FOLDER.test(request.url)) return;
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
  const inShell = page || SHELL_URLS.has(`${url.origin}${url.pathname}`);
  if (inShell) {
    const shell = await cache.match(page ? scope.href : request, { ignoreSearch: true });
    if (shell) return shell;
  }
  const keep = inShell ? cache : await caches.open(KEPT);
  try {
    const response = await fetch(request);
    // Kept while the page reads it: a shard streams to the page as it downloads, not once it is stored.
    if (response.status === 200) event.waitUntil(keep.put(request, response.clone()));
    return response;
  } catch (offline) {
    const kept = await keep.match(request);
    if (kept) return kept;
    throw offline;
  }
}

// Moves into KEPT the collection files `old` holds (those under the folder of the collection the page
// names in `<meta name="trawl-collection">`), unless KEPT has a copy already, which is newer.
async function keepCollectionOf(old) {
  const page = await (await caches.open(CACHE)).match(self.registration.scope);
  const meta = page && (await page.text()).match(/<meta name="trawl-collection" content="([^"]+)"/);
  if (!meta) return;
  const folder = new URL('.', new URL(meta[1], self.registration.scope)).href;
  const kept = await caches.open(KEPT);
  for (const request of await old.keys()) {
    if (!request.url.startsWith(folder) || (await kept.match(request))) continue;
    const response = await old.match(request);
    if (response) await kept.put(request, response);
  }
}

// A partitioned collection's file: the collection's folder, and the id folder under it.
const ID_FOLDER = /^(.*\/)([0-9a-f]{16})\//;
