-- One database per service (docker-compose.yml); the Kubernetes ConfigMaps in deploy/config name the same ones.
create database event_gateway;
create database build_worker;
create database gitops_writer;
create database promotion_service;
create database analysis_service;
create database console;
