//! Login throttling: how long to make a caller wait after repeated failures.

/// Failures allowed in a row before a key is slowed down.
pub const FREE_FAILURES: i64 = 4;

/// Failures from one network address allowed before that address is slowed
/// down (password spraying across many accounts).
pub const FREE_FAILURES_PER_ADDRESS: i64 = 19;

/// How long an attempt from an address is held after its `failures`-th
/// attempt not followed by a success: past its free failures, two seconds,
/// which makes spraying passwords across accounts slow without ever
/// refusing anyone (an office behind one address signs in as usual).
pub fn address_delay_ms(failures: i64) -> i64 {
    if failures > FREE_FAILURES_PER_ADDRESS {
        2_000
    } else {
        0
    }
}

/// Seconds to lock a key after its `failures`-th failure in a row, given how
/// many failures are free: none for the free ones, then 30 s, doubling,
/// capped at 15 minutes. The fifth wrong password in a row therefore makes the
/// sixth attempt wait.
pub fn lock_seconds(failures: i64, free: i64) -> i64 {
    if failures <= free {
        return 0;
    }
    let over = (failures - free - 1).min(10) as u32;
    (30_i64 << over).min(15 * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifth_failure_locks_and_doubles_to_a_cap() {
        let s: Vec<i64> = (1..=12).map(|f| lock_seconds(f, FREE_FAILURES)).collect();
        assert_eq!(s, [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
        assert_eq!(lock_seconds(19, FREE_FAILURES_PER_ADDRESS), 0);
        assert_eq!(lock_seconds(20, FREE_FAILURES_PER_ADDRESS), 30);
        assert_eq!(lock_seconds(i64::MAX, FREE_FAILURES), 900);
        assert_eq!(address_delay_ms(FREE_FAILURES_PER_ADDRESS), 0);
        assert_eq!(address_delay_ms(FREE_FAILURES_PER_ADDRESS + 1), 2_000);
    }
}
