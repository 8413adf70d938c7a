// The Go client of issue 8: gopkg.in/vansante/go-ffprobe.v2 as a program uses it. For each
// file named on the command line it runs ProbeURL (ffprobe -loglevel fatal -print_format json
// -show_format -show_streams FILE) and ProbeReader (the same with the file on stdin, "-"),
// and prints one JSON object: file -> {"url": ANSWER, "reader": ANSWER}, where ANSWER is the
// ProbeData the package decoded (re-encoded as JSON), its Duration/StartTime and first
// video/audio streams, or the error it returned.
//
//	goprobe FFPROBE_PATH FILE...
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"gopkg.in/vansante/go-ffprobe.v2"
)

type answer struct {
	Data       *ffprobe.ProbeData `json:"data,omitempty"`
	Duration   string             `json:"duration,omitempty"`
	StartTime  string             `json:"start_time,omitempty"`
	FirstVideo *ffprobe.Stream    `json:"first_video,omitempty"`
	FirstAudio *ffprobe.Stream    `json:"first_audio,omitempty"`
	Error      string             `json:"error,omitempty"`
}

func summarise(data *ffprobe.ProbeData, err error) answer {
	if err != nil {
		return answer{Error: err.Error()}
	}
	return answer{Data: data, Duration: data.Format.Duration().String(),
		StartTime: data.Format.StartTime().String(), FirstVideo: data.FirstVideoStream(),
		FirstAudio: data.FirstAudioStream()}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: goprobe FFPROBE_PATH FILE...")
		os.Exit(2)
	}
	ffprobe.SetFFProbeBinPath(os.Args[1])
	out := map[string]map[string]answer{}
	for _, path := range os.Args[2:] {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Second)
		res := map[string]answer{}
		res["url"] = summarise(ffprobe.ProbeURL(ctx, path))
		if f, err := os.Open(path); err == nil {
			res["reader"] = summarise(ffprobe.ProbeReader(ctx, f))
			f.Close()
		} else {
			res["reader"] = answer{Error: err.Error()}
		}
		cancel()
		out[path] = res
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
