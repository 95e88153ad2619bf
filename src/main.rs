fn main() {
    yew::Renderer::<nomen_app::app::App>::new().render();
}
