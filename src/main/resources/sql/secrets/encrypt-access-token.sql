-- Replaces a plain token by its encrypted form, unless another node or an admin update changed it meanwhile.
UPDATE websites SET access_token = :encrypted
WHERE id = :websiteId
  AND access_token = :plain
