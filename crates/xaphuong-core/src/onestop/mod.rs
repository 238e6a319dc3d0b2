//! The one-stop shop (cơ chế một cửa) of a commune under NĐ 118/2025/NĐ-CP:
//! the procedures it handles and their legal processing times
//! ([`procedures`]), the dossier code printed on the receipt ([`code`],
//! Art. 28) and the dossier's life from filing to the returned result
//! ([`lifecycle`], Art. 16–22).
//!
//! Everything here is pure: the store keeps the dossiers and their events,
//! the web layer shows them; the rules of what may happen next live here so
//! both apply the same ones.

pub mod applicant;
pub mod code;
pub mod lifecycle;
pub mod notices;
pub mod procedures;
pub mod stats;
