//! The Vietnamese working calendar: lunar dates, days off, working time.

pub mod lunar;
