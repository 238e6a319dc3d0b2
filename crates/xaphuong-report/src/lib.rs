//! Documents in and out of xaphuong: imported lists, and (as features arrive)
//! the reports in the state's layout.

pub mod sheet;
pub mod units_csv;
pub mod violations_import;
pub mod xlsx;
