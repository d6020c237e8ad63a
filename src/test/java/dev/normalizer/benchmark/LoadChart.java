package dev.normalizer.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The load's figures as a picture (JFreeChart, a PNG beside the markdown report): throughput and p99 of each arm,
 * reads by id in the upper row and the lists in the lower, the service on each path next to the thin Node server
 * and pgbench (a row of the flat table, the physical limit, and the statements behind each endpoint). The service
 * without the audit of reads is left out: the chart shows the production-like one.
 */
final class LoadChart {

    private static final String THROUGHPUT = "requests (pgbench: transactions) per second";
    private static final String MS = "ms";
    private static final int WIDTH = 1600;
    private static final int HEIGHT = 1100;
    /** The same colour for an arm in every panel; the service's paths strong, pgbench's pale. */
    private static final Map<String, Color> COLOURS = Map.of(
            "service, legacy", new Color(0x1f77b4), "service, normalized", new Color(0xff7f0e),
            "service, shadow", new Color(0x2ca02c), "thin Node server", new Color(0x9467bd),
            "pgbench, flat table (the limit)", new Color(0x444444), "pgbench, legacy statement",
            new Color(0xaec7e8), "pgbench, normalized statement", new Color(0xffbb78));

    private LoadChart() {
    }

    static void write(Map<LoadArm, Totals> totals, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<LoadArm, Totals> shown = new LinkedHashMap<>();
        totals.forEach((arm, t) -> {
            if (arm.server() != LoadArm.Server.SERVICE || arm.audited()) {
                shown.put(arm, t);
            }
        });
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        List<JFreeChart> charts = List.of(
                chart("Reads by id: throughput", THROUGHPUT, shown, true, Totals::requestsPerSecond, Double.NaN),
                chart("Reads by id: p99 under saturation", MS, shown, true, Totals::p99Ms, Double.NaN),
                chart("Lists (page of 50 with its total): throughput", THROUGHPUT, shown, false,
                        Totals::requestsPerSecond, Double.NaN),
                chart("Lists: p99 under saturation", MS, shown, false, Totals::p99Ms, LoadFigures.LIST_P99_TARGET_MS));
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(g, new Rectangle2D.Double((i % 2) * WIDTH / 2.0, (i / 2) * HEIGHT / 2.0, WIDTH / 2.0,
                    HEIGHT / 2.0));
        }
        g.dispose();
        try (OutputStream out = Files.newOutputStream(png)) {
            ChartUtils.writeBufferedImageAsPNG(out, image);
        }
    }

    private static JFreeChart chart(String title, String axis, Map<LoadArm, Totals> totals, boolean byId,
            ToDoubleFunction<Totals> value, double target) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        totals.forEach((arm, t) -> {
            if ((arm.endpoint().filter() == null) == byId) {
                data.addValue(value.applyAsDouble(t), arm.series(), arm.endpoint().shortLabel());
            }
        });
        JFreeChart chart = ChartFactory.createBarChart(title, null, axis, data);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setItemMargin(0.05);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat(axis.equals(MS) ? "#,##0.#" : "#,##0")));
        bars.setDefaultItemLabelsVisible(true);
        for (int row = 0; row < data.getRowCount(); row++) {
            bars.setSeriesPaint(row, COLOURS.getOrDefault((String) data.getRowKey(row), Color.GRAY));
        }
        if (!Double.isNaN(target)) {
            ValueMarker marker = new ValueMarker(target, Color.RED, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
            marker.setLabel("target p99 " + Report.millis(target));
            marker.setLabelPaint(Color.RED);
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(marker);
        }
        return chart;
    }
}
