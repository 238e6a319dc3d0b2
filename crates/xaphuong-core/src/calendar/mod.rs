//! The Vietnamese working calendar: lunar dates, days off, working time.

pub mod days_off;
pub mod input;
pub mod lunar;
pub mod settings;
pub mod working;
