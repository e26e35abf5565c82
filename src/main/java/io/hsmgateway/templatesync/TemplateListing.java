package io.hsmgateway.templatesync;

import java.util.ArrayList;
import java.util.List;

/** The account's templates read so far, and the cursor of the next page (none once the last page is read). */
public class TemplateListing {

    private final List<AccountTemplate> templates = new ArrayList<>();
    private int pages;
    private boolean complete;
    private String after;

    boolean morePages() {
        return !complete;
    }

    int pages() {
        return pages;
    }

    /** The cursor to ask for the next page with; null for the first. */
    String after() {
        return after;
    }

    void add(List<AccountTemplate> page, String nextCursor) {
        templates.addAll(page);
        pages++;
        after = nextCursor;
        complete = nextCursor == null;
    }

    public List<AccountTemplate> templates() {
        return templates;
    }
}
