fn main() {
    nomen_app::worker::start();
}
