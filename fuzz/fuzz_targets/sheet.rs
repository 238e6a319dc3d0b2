//! Any bytes as an uploaded spreadsheet (XLSX, XLS, ODS or CSV).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod contain;

fuzz_target!(|data: &[u8]| {
    contain::install();
    let _ = xaphuong_report::sheet::read(data);
});
