DELETE FROM process_leases WHERE process_id = :processId
