INSERT INTO process_leases (process_id, started_at, renewed_at) VALUES (:processId, :now, :now)
