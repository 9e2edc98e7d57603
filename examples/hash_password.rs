//! Prints the PHC string (argon2id, Tandem's parameters) of a password read from standard input.
//! Used to make demo/seed.sql: `echo -n demo-password-2026 | cargo run --example hash_password`.

use std::io::Read;

fn main() {
    let mut password = String::new();
    if std::io::stdin().read_to_string(&mut password).is_err() {
        eprintln!("could not read standard input");
        std::process::exit(1);
    }
    let salt = match tandem::domain::token::random_bytes::<16>() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    match tandem::domain::password::hash(password.trim_end_matches('\n'), &salt) {
        Ok(phc) => println!("{phc}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
