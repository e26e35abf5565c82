-- leases lapsed long ago: nothing refers to them any more once their claims and rows were taken over
DELETE FROM process_leases WHERE renewed_at < :before
