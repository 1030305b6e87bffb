//! Moodle GIFT in and out: `parse` reads GIFT text into items with line numbers, `import`
//! turns them into a pack, `export` writes a pack as GIFT, `html` reduces HTML to plain text (shared with Moodle XML),
//! `layout` is what export writes into texts and import reads back.

pub mod export;
pub mod html;
pub mod import;
pub mod layout;
pub mod parse;

pub use super::{Warning, slugify};
