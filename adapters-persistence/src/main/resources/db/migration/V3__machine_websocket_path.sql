-- Where the machine's gateway takes WebSocket connections (the chat route): '/' on a bare
-- gateway, '/ws' on the hosted platform. Existing machines are bare gateways until told otherwise.
ALTER TABLE machines ADD COLUMN websocket_path TEXT NOT NULL DEFAULT '/';
