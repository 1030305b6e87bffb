//! Question formats other than our own RON: reading them into a pack and writing a pack out.
//! Each format lives in its own module and touches neither the store nor the terminal.

pub mod anki;
pub mod gift;
