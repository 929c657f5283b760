/* The certificate of attendance: a button that opens the browser's print dialogue. */
document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
        window.print();
    }
});
