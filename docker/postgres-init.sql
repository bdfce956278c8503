CREATE DATABASE careledger_routes;
CREATE DATABASE careledger_bridge;
CREATE DATABASE careledger_claims;
