SELECT renewed_at FROM process_leases WHERE process_id = :processId
