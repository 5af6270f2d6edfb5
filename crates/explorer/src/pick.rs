//! The files a person hands the page, with their paths: picked one by one, picked as a folder
//! (`webkitdirectory`, each file with its `webkitRelativePath`), or dropped, files and folders alike
//! (a dropped folder is walked through `webkitGetAsEntry`, each file with its entry's `fullPath`).
//! Inside folders only the formats Trawl reads are taken (see `uploads::folder_skip`).

use crate::uploads::{folder_skip, relative_path, skipped_note, Skip};
use corpus::Diagnostic;
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, DataTransfer, File, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry, HtmlInputElement,
};

/// One file and the path it is added under.
#[derive(Debug, Clone)]
pub struct Picked {
    pub path: String,
    pub file: Blob,
}

/// What was handed over: the files to read, and a note per folder on the files left out.
#[derive(Debug, Clone, Default)]
pub struct Picks {
    pub files: Vec<Picked>,
    pub notes: Vec<Diagnostic>,
}

/// Files in folders, filtered, with a note per top folder on those left out.
#[derive(Default)]
struct Gather {
    picks: Picks,
    /// Per top folder, the extensions of the files left out.
    unknown: Vec<(String, Vec<String>)>,
}

impl Gather {
    fn add(&mut self, path: String, file: File, in_folder: bool) {
        if in_folder {
            match folder_skip(&path) {
                None => {}
                Some(Skip::Hidden) => return,
                Some(Skip::Unknown(ext)) => {
                    let top = path.split('/').next().unwrap_or_default().to_string();
                    match self.unknown.iter_mut().find(|(t, _)| *t == top) {
                        Some((_, exts)) => exts.push(ext),
                        None => self.unknown.push((top, vec![ext])),
                    }
                    return;
                }
            }
        }
        self.picks.files.push(Picked { path, file: file.into() });
    }

    /// The files in the order of their paths (a folder lists its files in no particular order), so
    /// the same folder gives the same corpus; then a note per folder.
    fn done(mut self) -> Picks {
        corpus::order::sort_by(&mut self.picks.files, |a, b| a.path.cmp(&b.path));
        for (top, exts) in &self.unknown {
            self.picks.notes.extend(skipped_note(top, exts));
        }
        self.picks
    }
}

/// The files of a file input: one by one, or a folder's (then with their paths inside it).
pub fn from_input(input: &HtmlInputElement) -> Picks {
    let mut g = Gather::default();
    if let Some(list) = input.files() {
        for file in (0..list.length()).filter_map(|i| list.get(i)) {
            let inside = Reflect::get(&file, &"webkitRelativePath".into()).ok().and_then(|p| p.as_string());
            let inside = inside.unwrap_or_default();
            g.add(relative_path(&inside, &file.name()), file, !inside.is_empty());
        }
    }
    g.done()
}

/// What was dropped, taken while the drop event lasts (its items are gone after it): entries to
/// walk where the browser gives them, else the plain files.
pub enum Dropped {
    Entries(Vec<FileSystemEntry>),
    Files(Vec<File>),
}

pub fn dropped(data: &DataTransfer) -> Dropped {
    let items = data.items();
    let entries: Vec<FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect();
    if !entries.is_empty() {
        return Dropped::Entries(entries);
    }
    let files = data.files();
    Dropped::Files(files.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default())
}

/// A promise from a callback-style API: `call(resolve, reject)`, which may also throw.
async fn callback(
    call: impl FnOnce(&js_sys::Function, &js_sys::Function) -> Result<(), JsValue>,
) -> Result<JsValue, String> {
    let mut call = Some(call);
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(call) = call.take() {
            if let Err(e) = call(&resolve, &reject) {
                let _ = reject.call1(&JsValue::NULL, &e);
            }
        }
    });
    JsFuture::from(promise).await.map_err(|e| {
        e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| "could not be read".into())
    })
}

/// The files of what was dropped: files as they are, folders walked to the bottom, each file with its
/// path from the dropped folder (`politics/001.txt`). Unreadable entries are reported.
pub async fn walk(dropped: Dropped) -> Picks {
    let mut g = Gather::default();
    let entries = match dropped {
        Dropped::Files(files) => {
            for file in files {
                let path = file.name();
                g.add(path, file, false);
            }
            return g.done();
        }
        Dropped::Entries(entries) => entries,
    };
    // Depth first, in the order the browser lists entries.
    let mut stack: Vec<(FileSystemEntry, bool)> = entries.into_iter().rev().map(|e| (e, false)).collect();
    while let Some((entry, in_folder)) = stack.pop() {
        let path = relative_path(&entry.full_path(), &entry.name());
        if entry.is_directory() {
            let reader = entry.unchecked_ref::<FileSystemDirectoryEntry>().create_reader();
            let mut children = Vec::new();
            // A directory reader hands out entries in batches until it hands out none.
            loop {
                let batch = callback(|ok, err| reader.read_entries_with_callback_and_callback(ok, err)).await;
                match batch {
                    Ok(batch) if Array::from(&batch).length() > 0 => {
                        children.extend(Array::from(&batch).iter().map(|e| e.unchecked_into::<FileSystemEntry>()))
                    }
                    Ok(_) => break,
                    Err(e) => {
                        g.picks.notes.push(Diagnostic::error(&path, format!("folder could not be read: {e}")));
                        break;
                    }
                }
            }
            stack.extend(children.into_iter().rev().map(|c| (c, true)));
        } else if entry.is_file() {
            let file_entry = entry.unchecked_ref::<FileSystemFileEntry>();
            match callback(|ok, err| {
                file_entry.file_with_callback_and_callback(ok, err);
                Ok(())
            })
            .await
            {
                Ok(file) => g.add(path, file.unchecked_into(), in_folder),
                Err(e) => g.picks.notes.push(Diagnostic::error(&path, format!("could not be read: {e}"))),
            }
        }
    }
    g.done()
}
