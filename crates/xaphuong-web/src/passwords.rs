//! Password hashing: Argon2id in PHC strings, on a few dedicated threads that
//! each keep one reusable working buffer.
//!
//! A check needs 19 MiB and tens of milliseconds of CPU. Allocating the
//! buffer per call on the runtime's blocking pool left the freed blocks in
//! the allocator's per-thread arenas: 170 MB resident after ten sign-ins.
//! With a fixed set of workers, each owning its buffer, memory stays at
//! workers × 19 MiB, the CPU that sign-ins take is bounded, and a burst of
//! sign-ins queues instead of piling up.

use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::oneshot;

/// Stored hashes asking for more memory than this are refused rather than
/// letting a tampered row make a worker allocate without bound.
const MAX_BLOCKS: usize = 256 * 1024;

enum Job {
    Hash(String, oneshot::Sender<Option<String>>),
    Verify(String, String, oneshot::Sender<bool>),
}

fn hash_with(blocks: &mut Vec<Block>, password: &str) -> Option<String> {
    let params = Params::default();
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).ok()?;
    let salt_string = SaltString::encode_b64(&salt).ok()?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    blocks.resize(params.block_count(), Block::default());
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, &mut blocks[..])
        .ok()?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).ok()?,
        salt: Some(salt_string.as_salt()),
        hash: Some(Output::new(&out).ok()?),
    };
    Some(phc.to_string())
}

fn verify_with(blocks: &mut Vec<Block>, password: &str, phc: &str) -> bool {
    let mut check = || -> Option<bool> {
        let parsed = PasswordHash::new(phc).ok()?;
        let algorithm = Algorithm::try_from(parsed.algorithm).ok()?;
        let version = parsed
            .version
            .map_or(Ok(Version::V0x13), Version::try_from)
            .ok()?;
        let params = Params::try_from(&parsed).ok()?;
        let expected = parsed.hash?;
        let mut salt = [0u8; 64];
        let salt = parsed.salt?.decode_b64(&mut salt).ok()?;
        let needed = params.block_count();
        if needed > MAX_BLOCKS {
            return None;
        }
        if blocks.len() < needed {
            blocks.resize(needed, Block::default());
        }
        let mut out = vec![0u8; expected.len()];
        Argon2::new(algorithm, version, params)
            .hash_password_into_with_memory(
                password.as_bytes(),
                salt,
                &mut out,
                &mut blocks[..needed],
            )
            .ok()?;
        // `Output` compares in constant time.
        Some(Output::new(&out).ok()? == expected)
    };
    check().unwrap_or(false)
}

fn workers() -> &'static Mutex<Sender<Job>> {
    static WORKERS: OnceLock<Mutex<Sender<Job>>> = OnceLock::new();
    WORKERS.get_or_init(|| {
        let (tx, rx) = channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let n = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 4);
        for i in 0..n {
            let rx = Arc::clone(&rx);
            std::thread::Builder::new()
                .name(format!("password-{i}"))
                .spawn(move || {
                    let mut blocks: Vec<Block> = Vec::new();
                    loop {
                        // The lock is held only while waiting for the next job.
                        let job = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(Job::Hash(p, reply)) => {
                                let _ = reply.send(hash_with(&mut blocks, &p));
                            }
                            Ok(Job::Verify(p, h, reply)) => {
                                let _ = reply.send(verify_with(&mut blocks, &p, &h));
                            }
                            Err(_) => return,
                        }
                    }
                })
                .expect("start password worker thread");
        }
        Mutex::new(tx)
    })
}

fn submit(job: Job) {
    if let Ok(tx) = workers().lock() {
        let _ = tx.send(job);
    }
}

/// A PHC string of `password` (Argon2id, 19 MiB, 2 passes) with a fresh salt.
pub async fn hash(password: String) -> Option<String> {
    let (tx, rx) = oneshot::channel();
    submit(Job::Hash(password, tx));
    rx.await.ok().flatten()
}

/// Whether `password` matches the PHC string `hash`.
pub async fn verify(password: String, hash: String) -> bool {
    let (tx, rx) = oneshot::channel();
    submit(Job::Verify(password, hash, tx));
    rx.await.unwrap_or(false)
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn hashes_verify_and_differ() {
        let a = super::hash("mat-khau-01".into()).await.unwrap();
        let b = super::hash("mat-khau-01".into()).await.unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(super::verify("mat-khau-01".into(), a.clone()).await);
        assert!(!super::verify("mat-khau-02".into(), a).await);
        assert!(!super::verify("x".into(), "không phải PHC".into()).await);
    }

    #[tokio::test]
    async fn reads_hashes_made_by_the_reference_implementation() {
        // RFC 9106 parameters differ from ours; a PHC string made elsewhere
        // (argon2 CLI: `echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1`)
        // carries its own.
        let phc = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assert!(super::verify("password".into(), phc.into()).await);
        assert!(!super::verify("Password".into(), phc.into()).await);
    }
}
