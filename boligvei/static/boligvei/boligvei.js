// Small progressive enhancements; every page works without JavaScript.

// Bars in a comparison are as long as their amounts, relative to the largest. Set here because
// the content security policy allows no inline styles.
function drawBars(root) {
  root.querySelectorAll(".compare").forEach((compare) => {
    const bars = [...compare.querySelectorAll("[data-width]")];
    const largest = Math.max(...bars.map((bar) => Number(bar.dataset.width) || 0), 1);
    bars.forEach((bar) => { bar.style.width = `${(100 * Math.max(Number(bar.dataset.width), 0)) / largest}%`; });
  });
}

// A what-if slider moves its number field (which the form sends) and follows it back.
function connectSliders(root) {
  root.querySelectorAll("input[type=range][data-slider-for]").forEach((slider) => {
    const field = document.getElementById(slider.dataset.sliderFor);
    if (!field) return;
    slider.addEventListener("input", () => {
      field.value = slider.value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    });
    field.addEventListener("input", () => { slider.value = field.value; });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  // Move focus to an error summary so keyboard and screen-reader users hear what went wrong.
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
  drawBars(document);
  connectSliders(document);
});

// After htmx swaps in content that replaced the focused control, put focus on the new content
// so keyboard and screen-reader users are not dropped to the top of the page.
document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target.querySelector("[data-focus-after-swap]");
  if (target) target.focus();
  drawBars(event.detail.target);
});
