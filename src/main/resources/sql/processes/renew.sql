UPDATE process_leases SET renewed_at = :now WHERE process_id = :processId
