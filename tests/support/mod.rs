//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod json;

use std::path::{Path, PathBuf};

/// The corpus directory `corpus/<sub>`.
pub fn corpus_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(sub)
}

/// Every `*.xml` file of `corpus/<sub>`, sorted, with its bytes.
pub fn corpus_files(sub: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = corpus_dir(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}
