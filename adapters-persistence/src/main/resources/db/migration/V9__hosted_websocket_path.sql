-- The hosted platform's machines (apps <name>.fly.dev) take WebSockets at /ws. Version 3 gave
-- every machine '/', the path of a bare gateway; on the hooks route nothing read it until the
-- dashboard's own gatewayUrl (GET /api/user/gateway) came to follow it, and for a hosted
-- machine that must be /ws, as the platform always answered. Machines set to another path keep it.
UPDATE machines SET websocket_path = '/ws'
 WHERE websocket_path = '/'
   AND (app_url LIKE 'https://%.fly.dev' OR app_url LIKE 'https://%.fly.dev/' OR app_url LIKE 'https://%.fly.dev:443%');
