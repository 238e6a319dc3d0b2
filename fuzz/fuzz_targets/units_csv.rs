//! Any bytes as an uploaded list of administrative units (CSV).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = xaphuong_report::units_csv::parse(data);
});
