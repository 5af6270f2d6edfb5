//! Test support shared by the crate's test modules: the seed corpus, read from `seeds/`.

use crate::Corpus;

/// The five seed documents, loaded in file name order as the explorer and the CLI load them.
pub(crate) fn seeds() -> Corpus {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut files: Vec<_> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    let mut c = Corpus::new();
    for f in files {
        c.add_file(f.file_name().unwrap().to_str().unwrap(), &std::fs::read(&f).unwrap());
    }
    c
}

/// The built-in lexicon's extractor, made once for every test (it indexes some 35,000 places).
pub(crate) fn extractor() -> &'static crate::extract::Extractor<'static> {
    static EXTRACTOR: std::sync::OnceLock<crate::extract::Extractor<'static>> = std::sync::OnceLock::new();
    EXTRACTOR.get_or_init(|| {
        let lexicon: &'static crate::extract::Lexicon = Box::leak(Box::new(crate::extract::Lexicon::builtin()));
        crate::extract::Extractor::new(lexicon)
    })
}
