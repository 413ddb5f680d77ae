//! Black-box journeys over HTTP against the local stack, with moto, Chromium and axe-core.
//! One binary, so moto and ChromeDriver start once; each test has its own stack and table.

mod answers;
mod auth;
mod edge;
mod events;
mod faithful;
mod faults;
mod languages;
mod links;
mod mailbox;
mod moderation;
mod notify;
mod operations;
mod pages;
mod privacy;
mod qr;
mod reports;
mod routes;
mod search;
mod services;
mod staff;
mod stories;
mod stream;
mod tell;
