// Draws the dashboard's charts with the ECharts shipped beside this file. Each chart's
// figures come from a JSON block the server wrote next to it (no inline script runs).
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var dark = document.body.classList.contains("screen");
  var ink = dark ? "#e8eef5" : "#1d2329";
  var palette = dark ? ["#ffd166", "#6c8eb0", "#06d6a0", "#ef476f"]
                     : ["#b3261e", "#8a99a8", "#1b7f3b", "#0b57a4"];
  var charts = [];
  // On the big screen the text grows with the screen, so it reads from across the room.
  function scale() { return dark ? Math.max(1, window.innerWidth / 1366) : 1; }
  function size(points) { return Math.round(points * scale()); }

  function option(spec) {
    var base = {
      color: palette,
      textStyle: { color: ink, fontSize: size(12) },
      title: { text: spec.title, left: 8, top: 4, textStyle: { color: ink, fontSize: size(14) } },
      tooltip: { trigger: spec.type === "pie" ? "item" : "axis" },
      legend: { top: 4, right: 8, textStyle: { color: ink, fontSize: size(12) },
                itemWidth: size(25), itemHeight: size(14) },
      animation: false
    };
    if (spec.type === "pie") {
      base.series = spec.series.map(function (s) {
        return { name: s.name, type: "pie", radius: ["35%", "65%"], top: 30, data: s.data,
                 label: { color: ink, fontSize: size(12), formatter: "{b}: {c} ({d}%)" } };
      });
      return base;
    }
    base.grid = { left: 12, right: 16, top: size(48), bottom: 8, containLabel: true };
    base.xAxis = { type: "category", data: spec.categories,
                   axisLabel: { color: ink, fontSize: size(12), interval: 0,
                                rotate: spec.categories.length > 8 ? 30 : 0 } };
    base.yAxis = { type: "value", minInterval: 1, axisLabel: { color: ink, fontSize: size(12) } };
    base.series = spec.series.map(function (s) {
      return { name: s.name, type: spec.type, data: s.data, smooth: false };
    });
    return base;
  }

  var figures = document.querySelectorAll("[data-chart]");
  Array.prototype.forEach.call(figures, function (element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) { return; }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.__spec = JSON.parse(source.textContent);
    chart.setOption(option(chart.__spec));
    element.setAttribute("data-drawn", "true");
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) {
      if (dark) { chart.setOption(option(chart.__spec)); }
      chart.resize();
    });
  });
})();
