-- Every website's stored access token, for the start-up pass that encrypts plain ones (AccessTokenMigration).
SELECT id, access_token FROM websites ORDER BY id
