//! Any URL fragment: decoding falls back to defaults with notices, never panics, and what it
//! decodes encodes to a link that decodes to the same view.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(fragment) = std::str::from_utf8(data) else { return };
    let (state, _) = corpus::url_state::decode(fragment);
    let again = corpus::url_state::encode(&state);
    // Escaping can take a decoded view over the length cap; such a link is refused whole.
    if again.len() <= corpus::url_state::MAX_FRAGMENT_BYTES {
        let (back, notices) = corpus::url_state::decode(&again);
        assert_eq!(back, state);
        assert!(notices.is_empty(), "{notices:?}");
    }
});
