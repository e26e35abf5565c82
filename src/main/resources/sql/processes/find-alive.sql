SELECT COUNT(*) FROM process_leases WHERE process_id = :processId AND renewed_at >= :lapsedBefore
