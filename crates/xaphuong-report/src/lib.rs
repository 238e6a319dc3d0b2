//! Documents in and out of xaphuong: imported lists, and (as features arrive)
//! the reports in the state's layout.

pub mod charts;
pub mod conversion_csv;
pub mod docx;
pub mod import;
pub mod limits;
pub mod paper;
pub mod resolution;
pub mod sheet;
pub mod units_csv;
pub mod xlsx;
