//! Importing a register from a spreadsheet: the same checks, preview and
//! all-or-nothing write for every register, on a page and through the API.

pub(crate) mod api;
pub(crate) mod pages;
