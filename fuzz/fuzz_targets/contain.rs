//! calamine panics on some malformed records (it indexes them without
//! checking their length); `sheet::read` catches those panics and refuses
//! the file, as it does in the server. libFuzzer's panic hook would abort
//! on them before the catch is reached, so this hook lets a panic raised
//! inside calamine unwind quietly, counted, and hands every other panic —
//! ours, the standard library's allocation failures — to libFuzzer's hook,
//! which reports a crash.

use std::sync::Once;
use std::sync::atomic::{AtomicU64, Ordering};

static HOOK: Once = Once::new();
static CONTAINED: AtomicU64 = AtomicU64::new(0);

pub fn install() {
    HOOK.call_once(|| {
        let crash = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"));
            if in_calamine {
                let n = CONTAINED.fetch_add(1, Ordering::Relaxed) + 1;
                if n.is_power_of_two() {
                    eprintln!("contained calamine panics: {n} (latest: {info})");
                }
            } else {
                crash(info);
            }
        }));
    });
}
