// Runs the W3C epubcheck on many books in one Java process: BOOK REPORT.json BOOK REPORT.json ...
// A JVM start and epubcheck's warm-up cost more than checking a small book; tests/support/epubcheck.py runs this.
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubcheckBatch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            try {
                new EpubChecker().run(new String[] {args[i], "--json", args[i + 1], "--quiet"});
            } catch (Throwable failure) { // one broken book must not hide the others' reports
                System.err.println(args[i] + ": " + failure);
            }
        }
    }
}
