//! The application layer: one module per use case. Each loads what it needs through a narrow
//! port of the store ([`ports`]), lets the domain decide, commits, and answers with an error
//! of its own, never an HTTP one: the web layer maps each of those once (`web::refusals`).

pub mod answer;
pub mod author;
pub mod decide_reply;
pub mod erase;
pub mod links;
pub mod moderate;
pub mod ports;
pub mod renew;
pub mod services;
pub mod staff;
pub mod tell;

#[cfg(test)]
mod memory;
