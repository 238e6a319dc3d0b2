//! Replays the fuzz corpora (`fuzz/corpus/<target>`) through the readers
//! on the stable toolchain, so every CI run checks that each file the
//! fuzzer kept is read or refused, never a crash or a hang.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
}

/// Runs `read` on every file of the corpus; each must return, in less
/// than `slowest`.
fn replay<T>(target: &str, slowest: Duration, read: impl Fn(&[u8]) -> T) {
    let (mut n, mut bytes) = (0, 0);
    let started = Instant::now();
    for path in corpus(target) {
        let data = std::fs::read(&path).unwrap();
        let t = Instant::now();
        let _ = read(&data);
        assert!(
            t.elapsed() < slowest,
            "{} took {:?}",
            path.display(),
            t.elapsed()
        );
        n += 1;
        bytes += data.len();
    }
    eprintln!(
        "{target}: {n} files, {bytes} bytes, in {:?}",
        started.elapsed()
    );
}

#[test]
fn every_sheet_in_the_corpus_is_read_or_refused() {
    replay(
        "sheet",
        Duration::from_secs(3),
        xaphuong_report::sheet::read,
    );
}

#[test]
fn every_units_csv_in_the_corpus_is_read_or_refused() {
    replay(
        "units_csv",
        Duration::from_secs(3),
        xaphuong_report::units_csv::parse,
    );
}
