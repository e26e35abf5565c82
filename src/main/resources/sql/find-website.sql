-- Whether a website exists (a door that grants the website, e.g. its drop folder, still names one).
SELECT id FROM websites WHERE id = :#websiteId
