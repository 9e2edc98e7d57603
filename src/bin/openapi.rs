//! Prints the API description (OpenAPI 3.1) made from the route table. `scripts/build.sh` writes it to
//! `public/openapi.json`, and the worker serves that file at `/api/openapi.json`: the generator stays out of the wasm
//! (about 7 KB gzipped), and the route table stays the one source.

fn main() {
    println!("{}", tandem::domain::routes::openapi());
}
