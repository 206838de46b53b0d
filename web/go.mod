module github.com/fnshub/fnshub/web

go 1.26.8
